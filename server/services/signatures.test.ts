import { describe, expect, it } from 'vitest'
import { jsSignature, signableUrl } from './signatures.js'

describe('jsSignature', () => {
  it('reproduces the official WeCom test vector', () => {
    expect(
      jsSignature(
        'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        'Wm3WZYTPz0wzccnW',
        1414587457,
        'http://mp.weixin.qq.com?params=value',
      ),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
  })

  it('signs the URL without its fragment, query untouched', () => {
    expect(signableUrl('https://a.example/p?x=1&y=%E4#/route?z')).toBe('https://a.example/p?x=1&y=%E4')
    expect(signableUrl('https://a.example/')).toBe('https://a.example/')
  })
})
