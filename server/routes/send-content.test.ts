/**
 * Every kind of content on every channel that carries it (issue 4, Done when 1): the exact Youmi `task_content` item
 * the simulator recorded, or the exact `sendChatMessage` payload with a media id the simulator issued; and every pair
 * a channel cannot carry refused with a 400 before any vendor is called.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { channelsFor, type Content, type ContentKind } from '../../contracts/content.js'
import { StoredFile } from '../../contracts/materials.js'
import { Send } from '../../contracts/sends.js'
import { demo, simControl } from '../../test/helpers/demo.js'
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../../test/helpers/app.js'

let t: TestApp
let admin: string
/** Both the proxy and the simulator read this clock, so a test can let three days pass. */
let clock = Date.now()
let keyN = 0
const key = () => `content-key-${Date.now()}-${keyN++}`
const files: Record<'image' | 'video' | 'file', { stored: StoredFile; bytes: Buffer }> = {} as never

// Real file heads (the proxy checks bytes, not names), padded to a plausible size.
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)])
const MP4 = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d', 'hex'), Buffer.alloc(300, 1)])
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%价目表\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF\n')])

async function upload(name: string, bytes: Buffer, mime: string): Promise<StoredFile> {
  const boundary = '----sidebar-test-boundary'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/material-files',
    headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`upload ${name}: ${res.statusCode} ${res.body}`)
  return StoredFile.parse(res.json())
}

beforeAll(async () => {
  // A linked file must be on MEDIA_ALLOWED_HOSTS and resolve to a public address, on either channel.
  t = await startTestApp({
    now: () => clock,
    config: { media: { allowedHosts: ['cdn.example.com'] } },
    mediaResolve: async () => [{ address: '93.184.216.34', family: 4 }],
  })
  admin = await t.login('zhangwei')
  files.image = { stored: await upload('展厅外观.png', PNG, 'image/png'), bytes: PNG }
  files.video = { stored: await upload('试驾.mp4', MP4, 'video/mp4'), bytes: MP4 }
  files.file = { stored: await upload('价目表.pdf', PDF, 'application/pdf'), bytes: PDF }
})
afterAll(() => t?.close())
beforeEach(async () => {
  await simControl(t.sim, 'DELETE', 'requests')
})

const fileOf = (kind: 'image' | 'video' | 'file') => ({
  fileId: files[kind].stored.fileId,
  name: files[kind].stored.name,
  size: files[kind].stored.size,
})
const publicFile = (kind: 'image' | 'video' | 'file') =>
  `${TEST_PUBLIC_URL}/files/${files[kind].stored.fileId}/${encodeURIComponent(files[kind].stored.name)}`

const CONTENT: Record<ContentKind, () => Content> = {
  text: () => ({ type: 'text', text: '您好，这是本周的试驾安排。' }),
  image: () => ({ type: 'image', file: fileOf('image') }),
  video: () => ({ type: 'video', file: fileOf('video') }),
  file: () => ({ type: 'file', file: fileOf('file') }),
  link: () => ({
    type: 'link',
    url: 'https://auto.example.com/offer?id=7',
    title: '双十一购车礼',
    description: '到店试驾送保养',
    thumbUrl: 'https://auto.example.com/t.png',
  }),
  miniprogram: () => ({
    type: 'miniprogram',
    appId: 'wx8bd80126147dfa6e',
    title: '预约试驾',
    page: 'pages/booking/index.html',
    thumbUrl: 'https://auto.example.com/mp.png',
  }),
  groupShare: () => ({
    type: 'groupShare',
    roomId: '46218981780@chatroom',
    roomName: '8.22群共享',
    flag: 'flag:000022',
    msgType: '6',
    wechatId: 3430,
    wechatLei: 0,
  }),
}

/** The seed's `task_content` item for each kind Youmi carries, exactly. */
const YOUMI_ITEM: Partial<Record<ContentKind, () => unknown>> = {
  text: () => ({ data: { content: '您好，这是本周的试驾安排。' }, type: '0' }),
  image: () => ({ data: { imgName: '展厅外观.png', imgFormat: 'png', imgMediaUrl: publicFile('image') }, type: '1' }),
  video: () => ({ data: { videoName: '试驾.mp4', videoFormat: 'mp4', videoMediaUrl: publicFile('video') }, type: '2' }),
  link: () => ({
    data: {
      title: '双十一购车礼',
      linkUrl: 'https://auto.example.com/offer?id=7',
      description: '到店试驾送保养',
      thumbMediaUrl: 'https://auto.example.com/t.png',
    },
    type: '3',
  }),
  file: () => ({ data: { fileName: '价目表.pdf', fileFormat: 'pdf', fileMediaUrl: publicFile('file') }, type: '4' }),
  groupShare: () => ({
    data: { flag: 'flag:000022', roomId: '46218981780@chatroom', msgType: '6', roomName: '8.22群共享', wechatId: 3430, wechatLei: 0 },
    type: '30',
  }),
}

const YOUMI_TYPE: Partial<Record<ContentKind, string>> = { text: '0', image: '1', video: '2', link: '3', file: '4', groupShare: '30' }

/** The JS-SDK payload for each kind the chat channel carries; media ids are checked against the simulator. */
const CHAT_MESSAGE: Partial<Record<ContentKind, (mediaId: string) => unknown>> = {
  text: () => ({ msgtype: 'text', text: { content: '您好，这是本周的试驾安排。' } }),
  image: (mediaid) => ({ msgtype: 'image', image: { mediaid } }),
  video: (mediaid) => ({ msgtype: 'video', video: { mediaid } }),
  file: (mediaid) => ({ msgtype: 'file', file: { mediaid } }),
  link: () => ({
    msgtype: 'news',
    news: {
      link: 'https://auto.example.com/offer?id=7',
      title: '双十一购车礼',
      desc: '到店试驾送保养',
      imgUrl: 'https://auto.example.com/t.png',
    },
  }),
  miniprogram: () => ({
    msgtype: 'miniprogram',
    miniprogram: {
      appid: 'wx8bd80126147dfa6e',
      title: '预约试驾',
      imgUrl: 'https://auto.example.com/mp.png',
      page: 'pages/booking/index.html',
    },
  }),
}

const send = (channel: 'rpa' | 'chat', content: Content[]) =>
  t.app.inject({
    method: 'POST',
    url: '/api/sends',
    headers: { cookie: admin },
    payload: { idempotencyKey: key(), channel, contact: { externalUserId: demo.linked.externalUserId }, content },
  })
const youmiSaves = () => t.sim.state.requests.filter((r) => r.vendor === 'youmi' && r.path.endsWith('SaveBulkSendTask'))
const uploads = () => t.sim.state.requests.filter((r) => r.vendor === 'wecom' && r.path.endsWith('/media/upload'))

const storedCount = async () =>
  (
    await t.app.inject({ method: 'GET', url: `/api/sends?contact=${demo.linked.externalUserId}&limit=100`, headers: { cookie: admin } })
  ).json().items.length

const kinds = Object.keys(CONTENT) as ContentKind[]

describe('each kind on the Youmi channel (rpa)', () => {
  for (const kind of kinds.filter((k) => channelsFor(k).includes('rpa'))) {
    it(`${kind} → task_content type ${YOUMI_TYPE[kind]}`, async () => {
      const res = await send('rpa', [CONTENT[kind]()])
      expect(res.statusCode, res.body).toBe(201)
      expect(Send.parse(res.json()).status).toBe('submitted')
      const [save] = youmiSaves()
      const items = JSON.parse((save!.body as { bulksend: { task_content: string } }).bulksend.task_content)
      expect(items).toEqual([YOUMI_ITEM[kind]!()])
      // Youmi downloads the file itself; the proxy uploads nothing to WeCom for it.
      expect(uploads()).toHaveLength(0)
    })
  }

  it('a linked file goes by its own URL', async () => {
    const res = await send('rpa', [{ type: 'image', file: { url: 'https://cdn.example.com/p/车型图.png', name: '车型图.png' } }])
    expect(res.statusCode, res.body).toBe(201)
    const items = JSON.parse((youmiSaves()[0]!.body as { bulksend: { task_content: string } }).bulksend.task_content)
    expect(items).toEqual([
      {
        data: { imgName: '车型图.png', imgFormat: 'png', imgMediaUrl: 'https://cdn.example.com/p/%E8%BD%A6%E5%9E%8B%E5%9B%BE.png' },
        type: '1',
      },
    ])
  })

  it('several items go in order as one task', async () => {
    const res = await send('rpa', [CONTENT.text(), CONTENT.image(), CONTENT.groupShare()])
    expect(res.statusCode, res.body).toBe(201)
    expect(youmiSaves()).toHaveLength(1)
    const items = JSON.parse((youmiSaves()[0]!.body as { bulksend: { task_content: string } }).bulksend.task_content)
    expect(items.map((i: { type: string }) => i.type)).toEqual(['0', '1', '30'])
  })
})

describe('each kind on the WeCom chat channel', () => {
  for (const kind of kinds.filter((k) => channelsFor(k).includes('chat'))) {
    it(`${kind} → sendChatMessage ${kind === 'link' ? 'news' : kind}`, async () => {
      const before = t.sim.state.wecom.media.length
      const res = await send('chat', [CONTENT[kind]()])
      expect(res.statusCode, res.body).toBe(201)
      const sent = Send.parse(res.json())
      expect(sent.status).toBe('awaiting_client')
      const message = sent.messages![0]! as unknown as Record<string, { mediaid?: string }>
      const mediaId = (kind === 'image' || kind === 'video' || kind === 'file' ? message[kind]!.mediaid : '') ?? ''
      expect(sent.messages).toEqual([CHAT_MESSAGE[kind]!(mediaId)])
      if (kind === 'image' || kind === 'video' || kind === 'file') {
        // The id is one the simulator issued, for this type, for exactly these bytes.
        const issued = t.sim.state.wecom.media.find((m) => m.mediaId === mediaId)
        expect(issued, 'media id issued by the simulator').toBeDefined()
        expect(issued!.type).toBe(kind)
        expect(issued!.size).toBe(files[kind].bytes.length)
      } else {
        expect(t.sim.state.wecom.media.length).toBe(before)
      }
      expect(youmiSaves()).toHaveLength(0)
    })
  }
})

describe('pairs a channel cannot carry are refused before anything is sent', () => {
  const refused = kinds.flatMap((kind) =>
    (['rpa', 'chat'] as const).filter((ch) => !channelsFor(kind).includes(ch)).map((ch) => [kind, ch] as const),
  )

  it('the refused pairs are exactly a mini program through Youmi and a group share through the chat', () => {
    expect(refused).toEqual([
      ['miniprogram', 'rpa'],
      ['groupShare', 'chat'],
    ])
  })

  for (const [kind, channel] of refused) {
    it(`${kind} through ${channel}: 400 CONTENT_NOT_ON_CHANNEL`, async () => {
      const before = t.sim.state.wecom.media.length
      const stored = await storedCount()
      const res = await send(channel, [CONTENT.text(), CONTENT[kind]()])
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({
        code: 'CONTENT_NOT_ON_CHANNEL',
        message: expect.stringMatching(/^第 2 条是(小程序|群共享)，不能通过/),
      })
      expect(youmiSaves()).toHaveLength(0)
      expect(t.sim.state.wecom.media.length).toBe(before)
      expect(await storedCount()).toBe(stored)
    })
  }
})

describe('the media cache through real sends (Done when 2)', () => {
  const imageSend = () => send('chat', [{ type: 'image', file: fileOf('image') }])
  const mediaIdOf = (res: { json(): unknown }) => (Send.parse(res.json()).messages![0] as { image: { mediaid: string } }).image.mediaid
  const report = (id: string, body: object) =>
    t.app.inject({ method: 'POST', url: `/api/sends/${id}/result`, headers: { cookie: admin }, payload: body })
  const refresh = (id: string) => t.app.inject({ method: 'POST', url: `/api/sends/${id}/media-refresh`, headers: { cookie: admin } })
  const valid = (mediaId: string) => {
    const m = t.sim.state.wecom.media.find((x) => x.mediaId === mediaId)
    return !!m && !m.revoked && m.expiresAt > clock
  }

  it('the same image sent twice is uploaded once', async () => {
    // A file no earlier test sent, so the count starts at zero.
    const bytes = Buffer.concat([PNG, Buffer.from(`only-here-${Date.now()}`)])
    const stored = await upload('新车到店.png', bytes, 'image/png')
    const image = { type: 'image' as const, file: { fileId: stored.fileId, name: stored.name, size: stored.size } }
    const first = await send('chat', [image])
    const second = await send('chat', [image])
    expect([first.statusCode, second.statusCode]).toEqual([201, 201])
    expect(mediaIdOf(second)).toBe(mediaIdOf(first))
    expect(uploads()).toHaveLength(1)
    // The same bytes under another library entry are the same file to WeCom.
    const twin = await upload('新车到店（副本）.png', bytes, 'image/png')
    const third = await send('chat', [{ type: 'image', file: { fileId: twin.fileId, name: twin.name } }])
    expect(mediaIdOf(third)).toBe(mediaIdOf(first))
    expect(uploads()).toHaveLength(1)
  })

  it('a revoked id: WeCom refuses it (40007), the send is refreshed with one new upload, and it goes out', async () => {
    const res = await imageSend()
    const sent = Send.parse(res.json())
    const old = mediaIdOf(res)
    await simControl(t.sim, 'POST', 'media/revoke', { mediaId: old })
    expect(valid(old)).toBe(false)
    await simControl(t.sim, 'DELETE', 'requests')

    const fresh = await refresh(sent.id)
    expect(fresh.statusCode, fresh.body).toBe(200)
    const renewed = mediaIdOf(fresh)
    expect(renewed).not.toBe(old)
    expect(valid(renewed)).toBe(true)
    expect(uploads()).toHaveLength(1)
    // Once per attempt: a file WeCom keeps refusing cannot loop.
    const twice = await refresh(sent.id)
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('MEDIA_REFRESH_USED')
    expect(uploads()).toHaveLength(1)

    const done = await report(sent.id, { ok: true })
    expect(Send.parse(done.json()).status).toBe('sent')
    // The next send of this image gets the renewed id, not the revoked one.
    expect(mediaIdOf(await imageSend())).toBe(renewed)
  })

  it('an expired id is never handed out: after three days the next send uploads once again', async () => {
    const before = mediaIdOf(await imageSend())
    await simControl(t.sim, 'DELETE', 'requests')
    clock += 3 * 24 * 3600_000
    admin = await t.login('zhangwei') // the old session ended long ago
    const res = await imageSend()
    expect(res.statusCode, res.body).toBe(201)
    const after = mediaIdOf(res)
    expect(after).not.toBe(before)
    expect(valid(after)).toBe(true)
    expect(uploads()).toHaveLength(1)
    expect(mediaIdOf(await imageSend())).toBe(after)
    expect(uploads()).toHaveLength(1)
  })

  it('a refresh is refused for a send with no media waiting', async () => {
    const textSend = Send.parse((await send('chat', [CONTENT.text()])).json())
    const res = await refresh(textSend.id)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('MEDIA_REFRESH_NOT_APPLICABLE')
  })
})
