import { Playground } from '../../contracts/demo.js'
import { call } from './http.js'

export const fetchPlayground = () => call(Playground, { url: '/demo/playground' })
