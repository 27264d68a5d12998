import { describe, expect, it } from 'vitest'
import { findBadText } from './text-guard.js'

describe('findBadText', () => {
  it('accepts ordinary text, emoji and CJK', () => {
    expect(findBadText({ a: ['你好 👋', { b: 'ok' }], n: 1, z: null })).toBeNull()
  })
  it('finds NUL and lone surrogates, with their path', () => {
    expect(findBadText({ content: [{ text: 'a\u0000b' }] }, 'body')).toBe('body.content.0.text')
    expect(findBadText({ t: 'x\uD800y' })).toBe('.t')
    expect(findBadText({ t: 'x\uDC00' })).toBe('.t')
    expect(findBadText({ ['k\u0000']: 1 })).toBe('.k\u0000')
  })
})

describe('findBadText on deep input', () => {
  it('walks a body nested 100,000 deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"x\\u0000"${']'.repeat(100_000)}`)
    expect(findBadText(deep, 'body')).toBe(`body${'.0'.repeat(100_000)}`)
    expect(findBadText(JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`))).toBeNull()
  })
})
