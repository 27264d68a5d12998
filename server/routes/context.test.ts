import { describe, expectTypeOf, it } from 'vitest'
import type { Services } from './context.js'

// Checked by `npm run typecheck` (vue-tsc -b covers the tests): a route can only be handed services.
describe('what routes receive', () => {
  it('holds no database, no vendor client and no config', () => {
    expectTypeOf<Services>().not.toHaveProperty('db')
    expectTypeOf<Services>().not.toHaveProperty('config')
    expectTypeOf<Services>().not.toHaveProperty('wecom')
    expectTypeOf<Services>().not.toHaveProperty('youmi')
    expectTypeOf<Services>().not.toHaveProperty('wshoto')
    expectTypeOf<Services>().toHaveProperty('sends')
  })
})
