// Vant's toast and dialog (with their popup and overlay) weigh ≈ 6 KB gzip and are needed only after a tap, so they
// load on first use instead of with the sidebar.

async function load() {
  const [dialog, toast] = await Promise.all([
    import('vant/es/dialog'),
    import('vant/es/toast'),
    import('vant/es/toast/style'),
    import('vant/es/dialog/style'),
  ])
  return { showConfirmDialog: dialog.showConfirmDialog, showToast: toast.showToast }
}

/** Asks to confirm; resolves true when confirmed. `danger`: the confirm button is red (deleting, taking back). */
export async function confirmAction(options: { message: string; confirm: string; cancel: string; danger?: boolean }): Promise<boolean> {
  const { showConfirmDialog } = await load()
  try {
    await showConfirmDialog({
      message: options.message,
      confirmButtonText: options.confirm,
      cancelButtonText: options.cancel,
      ...(options.danger ? { confirmButtonColor: 'var(--van-danger-color)' } : {}),
    })
    return true
  } catch {
    return false
  }
}

export async function toast(message: string): Promise<void> {
  const { showToast } = await load()
  showToast(message)
}
