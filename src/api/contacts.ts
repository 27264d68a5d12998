import { Contact } from '../../contracts/contacts.js'
import { Group } from '../../contracts/groups.js'
import { call } from './http.js'

export const fetchContact = (externalUserId: string) => call(Contact, { url: `/contacts/${encodeURIComponent(externalUserId)}` })

export const fetchGroup = (chatId: string) => call(Group, { url: `/groups/${encodeURIComponent(chatId)}` })
