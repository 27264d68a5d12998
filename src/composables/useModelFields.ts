import { computed, reactive, type Ref } from 'vue'

/**
 * The fields of a `defineModel` object as one reactive object of writable refs, so a template can keep writing
 * `v-model="fields.url"`: each edit hands the parent a new object (`update:…`) instead of changing the one it lent
 * (vue/no-mutating-props). The keys are the object's keys when this is called; a form's drafts have fixed keys.
 */
export function useModelFields<T extends object>(model: Ref<T>): T {
  const keys = Object.keys(model.value) as (keyof T & string)[]
  const fields = keys.map((key) => [
    key,
    computed({
      get: () => model.value[key],
      set: (value: T[typeof key]) => (model.value = { ...model.value, [key]: value }),
    }),
  ])
  // A reactive object unwraps the refs: reading `fields.url` is the value, assigning it calls the setter.
  return reactive(Object.fromEntries(fields)) as T
}
