import { inject, provide, type InjectionKey } from 'vue'

/** How a field of the admin form learns its problem and reports that the admin has been in it. */
export interface FormContext {
  /** The contract's message for `field`, once it should be shown (the admin left the field, or tried to save). */
  problem(field: string): string
  touch(field: string): void
}

const KEY: InjectionKey<FormContext> = Symbol('admin-form')

export const provideFormContext = (ctx: FormContext) => provide(KEY, ctx)

export const useFormContext = (): FormContext => inject(KEY, { problem: () => '', touch: () => undefined })
