import { Signatures } from '../../contracts/signatures.js'
import { call } from './http.js'

export const fetchSignatures = (url: string) => call(Signatures, { url: '/wecom/signatures', method: 'POST', data: { url } })
