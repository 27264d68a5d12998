import { OPENAPI_PATH } from '../openapi/index.js'
import type { App } from './context.js'

/** The OpenAPI document of every route (server/openapi/), public: it describes the API, never data. */
export async function openApiRoutes(app: App): Promise<void> {
  app.get(OPENAPI_PATH, async () => app.swagger())
}
