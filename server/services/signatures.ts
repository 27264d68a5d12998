import { createHash, randomBytes } from 'node:crypto'

/** WeCom's JS-SDK signature: keys in this order, nothing encoded, the URL without its fragment. */
export function jsSignature(ticket: string, nonceStr: string, timestamp: number, url: string): string {
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`).digest('hex')
}

export function nonce(): string {
  return randomBytes(12).toString('base64url').slice(0, 16)
}

/** The URL as the JS-SDK signs it: `location.href` without `#…`. */
export function signableUrl(url: string): string {
  const hash = url.indexOf('#')
  return hash === -1 ? url : url.slice(0, hash)
}
