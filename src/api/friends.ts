import { Friend } from '../../contracts/friends.js'
import { call } from './http.js'

export const fetchFriend = (id: string) => call(Friend, { url: `/friends/${encodeURIComponent(id)}` })
