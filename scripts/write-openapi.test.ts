import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from './write-openapi.js'

describe('write-openapi (npm run build writes dist/openapi.json)', () => {
  it('builds a valid document of the demo-mode app, the demo routes included', async () => {
    const spec = await buildOpenApiDocument()
    expect((await new Validator().validate(spec as never)).valid).toBe(true)
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/sends', '/api/demo/playground', '/sim/{*}', '/api/openapi.json']))
  })
})
