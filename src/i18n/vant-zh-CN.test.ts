// @vitest-environment node
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import { describe, expect, it } from 'vitest'
import ours from './vant-zh-CN.js'

// The build puts our short table in place of Vant's (scripts/vant-words.ts): its words must be Vant's own.
describe("Vant's Chinese words in the first load", () => {
  it('are copied from Vant, key by key', () => {
    expect(vantZhCN).toMatchObject(ours)
  })

  it('hold what Dialog asks for', () => {
    expect(Object.keys(ours).sort()).toEqual(['cancel', 'confirm'])
  })
})
