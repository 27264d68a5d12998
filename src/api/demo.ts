import { Playground, QikeliaoEntryLink } from '../../contracts/demo.js'
import { call } from './http.js'

export const fetchPlayground = () => call(Playground, { url: '/demo/playground' })

/** A fresh 企客聊 entry link (a path of this proxy) for one of the signed-in staff member's demo customers. */
export const fetchQikeliaoEntry = (contact: string) => call(QikeliaoEntryLink, { url: '/demo/qikeliao-entry', params: { contact } })
