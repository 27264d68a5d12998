// For unit tests (never imported by the app): a customer's Youmi identity, held to the contract's shape.
import type { YoumiIdentity } from '../../../contracts/contacts.js'

export const TEST_YOUMI: YoumiIdentity = {
  adWechatId: 1001,
  machineKey: 'mk-1',
  machineName: '运营号A',
  qvCompanyId: 'qv1',
  objectId: 'wxid_customer',
  objectNickname: '张三',
  belongStaffCode: 'S01',
}
