import { watch, type Ref } from 'vue'

/**
 * Vant's light or dark theme: its stylesheets key the dark colours on `van-theme-dark` on <html> (src/styles.css too).
 * This is all the app used of `<van-config-provider :theme>`, which also carries theme variables, z-index and icon
 * prefix options for the whole tree: 0.6 KB gzip of the first load for one class.
 */
export function useVantTheme(dark: Ref<boolean>, root: HTMLElement = document.documentElement): void {
  watch(
    dark,
    (isDark) => {
      root.classList.toggle('van-theme-dark', isDark)
      root.classList.toggle('van-theme-light', !isDark)
    },
    { immediate: true },
  )
}
