import type { Host } from './types.js'

export function createPlaygroundHost(): Host {
  throw new Error('not yet')
}
