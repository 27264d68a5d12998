// @vitest-environment node
import { safeParse } from 'zod/mini'
import { afterEach, describe, expect, it } from 'vitest'
import { Content } from '../../../contracts/content.js'
import { MaterialInput } from '../../../contracts/materials.js'
import { CreateSend } from '../../../contracts/sends.js'
import { useContractWords } from '../../../contracts/errors.js'
import type { Said } from '../../../contracts/words.js'
import { contractTexts, contractWords } from './errors.js'

const FILE_ID = '6f1c1c1e-2f7a-4a55-9d8e-3b1b2f0f5a11'
const MB = 1024 * 1024
const long = (n: number) => 'a'.repeat(n)

/** Invalid input for every check the content, material and send contracts word themselves. */
const INVALID: Array<[typeof Content | typeof MaterialInput | typeof CreateSend, unknown]> = [
  [Content, { type: 'text', text: '  ' }],
  [Content, { type: 'text', text: long(2001) }],
  [Content, { type: 'image', file: { fileId: 'nope', name: '' } }],
  [Content, { type: 'image', file: { fileId: FILE_ID, name: 'a/b\u202e.gif', size: 11 * MB } }],
  [Content, { type: 'image', file: { fileId: FILE_ID, url: 'https://x.example/a.png', name: long(129), size: 0 } }],
  [Content, { type: 'video', file: { url: 'ftp://x.example/a.mov', name: 'a.mov' } }],
  [Content, { type: 'file', file: { name: 'quote' } }],
  [Content, { type: 'file', file: { fileId: FILE_ID, name: 'quote.pdf', size: 21 * MB } }],
  [Content, { type: 'link', url: `https://x.example/${long(2048)}`, title: ' ', description: long(513), thumbUrl: 'x' }],
  [Content, { type: 'link', url: 'https://x.example', title: long(129) }],
  [Content, { type: 'miniprogram', appId: 'wx1', title: ' ', page: ' ', thumbUrl: 'https://x.example/c.png' }],
  [Content, { type: 'miniprogram', appId: 'wx1', title: long(65), page: `${long(513)}`, thumbUrl: 'https://x.example/c.png' }],
  [Content, { type: 'miniprogram', appId: 'wx1', title: 't', page: 'pages/index', thumbUrl: 'x' }],
  [Content, { type: 'groupShare', roomId: '1', roomName: ' ', flag: ' ', msgType: 'x', wechatId: 1.5 }],
  [Content, { type: 'groupShare', roomId: '1', roomName: long(65), flag: long(65), wechatId: -1 }],
  [MaterialInput, { title: ' ', folder: 'a/b', tags: [' ', long(17)], content: { type: 'text', text: 'hi' } }],
  [
    MaterialInput,
    { title: long(65), folder: long(33), tags: Array.from({ length: 11 }, (_, i) => `t${i}`), content: { type: 'text', text: 'hi' } },
  ],
  [CreateSend, { idempotencyKey: 'k'.repeat(16), channel: 'chat', content: [] }],
  [
    CreateSend,
    {
      idempotencyKey: 'k'.repeat(16),
      channel: 'chat',
      contact: { externalUserId: 'wmA' },
      group: { chatId: 'wrB' },
      content: Array.from({ length: 10 }, () => ({ type: 'text', text: 'hi' })),
    },
  ],
  // A rule over the whole body runs once its fields hold.
  [
    CreateSend,
    {
      idempotencyKey: 'k'.repeat(16),
      channel: 'chat',
      contact: { externalUserId: 'wmA' },
      group: { chatId: 'wrB' },
      content: [{ type: 'text', text: 'hi' }],
    },
  ],
]

function issues() {
  return INVALID.flatMap(([schema, value]) => {
    const parsed = safeParse(schema, value)
    expect(parsed.success, JSON.stringify(value)).toBe(false)
    return parsed.success ? [] : parsed.error.issues.map((i) => ({ message: i.message, said: (i as { said?: Said }).said }))
  })
}

afterEach(() => useContractWords(null))

describe("the contracts' checks in the sidebar's language", () => {
  it('the cases reach every worded check, and each names a key the English words have', () => {
    const all = issues()
    const seen = new Set(all.flatMap((i) => (i.said ? [i.said.key] : [])))
    expect(Object.keys(contractTexts.words).filter((key) => !seen.has(key as keyof typeof contractTexts.words))).toEqual([])
    // Every message the contracts word themselves: a check written without a key would keep its Chinese.
    expect(all.filter((i) => !i.said || !(i.said.key in contractTexts.words))).toEqual([])
    // Every `{field}` names a field the English words have.
    const fields = all.flatMap((i) => (i.said?.params?.field === undefined ? [] : [String(i.said.params.field)]))
    expect(fields.filter((f) => !(f in contractTexts.fields))).toEqual([])
    expect(Object.keys(contractTexts.fields).filter((f) => !fields.includes(f))).toEqual([])
  })

  it('English once the English words are in use: no Chinese in any message', () => {
    useContractWords(contractWords)
    const all = issues()
    expect(all.filter((i) => /\p{Script=Han}/u.test(i.message))).toEqual([])
    expect(all.map((i) => i.message)).toContain('The text can have at most 2000 characters')
    expect(all.map((i) => i.message)).toContain('An image can only be jpg / png')
    expect(all.map((i) => i.message)).toContain('At most 9 items in one send')
  })

  it("the proxy's Chinese otherwise, the same words as before", () => {
    const messages = issues().map((i) => i.message)
    expect(messages).toContain('文字最多 2000 字')
    expect(messages).toContain('图片只支持 jpg / png 格式')
    expect(messages).toContain('一次最多发送 9 条内容')
  })
})
