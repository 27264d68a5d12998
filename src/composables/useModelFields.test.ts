import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { useModelFields } from './useModelFields.js'

describe('useModelFields', () => {
  it('reads through to the model and writes a new object, leaving the lent one alone', async () => {
    const lent = { url: 'https://a.example', title: 'A' }
    const model = ref(lent)
    const fields = useModelFields(model)
    expect(fields.url).toBe('https://a.example')

    fields.title = 'B'
    expect(model.value).toEqual({ url: 'https://a.example', title: 'B' })
    expect(model.value).not.toBe(lent)
    expect(lent.title).toBe('A')

    model.value = { url: 'https://c.example', title: 'C' }
    await nextTick()
    expect(fields.url).toBe('https://c.example')
  })
})
