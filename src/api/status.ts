import { SystemStatus } from '../../contracts/status.js'
import { call } from './http.js'

// 系统状态 for admins (/admin/status). Both answer 403 ADMIN_ONLY to anyone else; the recheck 429 RATE_LIMITED when
// it ran less than 30 s ago.

export const getSystemStatus = () => call(SystemStatus, { url: '/admin/status' })

export const recheckSystemStatus = () => call(SystemStatus, { url: '/admin/status/recheck', method: 'POST', data: {} })
