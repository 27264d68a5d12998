/**
 * What the playground shows beside the sidebar: a short chat with each demo customer and in each demo group,
 * so a visitor sees a believable conversation before sending anything. Keyed by the ids in demo-data.ts.
 */
import { demoGroupIds } from './demo-data.js'

export interface DemoChatLine {
  from: 'customer' | 'staff'
  text: string
  /** Who wrote it, in group chats. */
  name?: string
}

const c = (text: string): DemoChatLine => ({ from: 'customer', text })
const s = (text: string): DemoChatLine => ({ from: 'staff', text })

/** One conversation per demo customer (external_userid → lines, oldest first). */
export const demoContactChats: Readonly<Record<string, readonly DemoChatLine[]>> = {
  // 陈晓雯
  wmMx67XK4sUSYgoUH04Jnm1yHv6QizOD: [
    c('你好，滨江新房下个月进场装修，想先把门锁定下来'),
    s('您好晓雯！新房建议选 X3 Pro，3D 人脸加指纹，猫眼屏能看门外'),
    c('需要提前在门上开孔吗？木门师傅说要等锁的尺寸'),
    s('我把开孔图发您，装修师傅按图开就行，安装我们上门免费'),
    c('好的，顺便想问下客厅的智能灯带怎么收费'),
  ],
  // 赵建国
  wm2g1C8OIFD5bYLHjs6vGiNEMVOdbnRb: [
    c('公区照明改造的方案这周能出吗？'),
    s('赵经理好，方案周四发您，按 3 栋楼的地下车库和大堂分两期'),
    c('预算上领导希望控制在 40 万以内'),
    s('明白，一期先换车库感应灯，节能比例我在方案里单独算一页'),
  ],
  // 孙丽
  wm3ZMpJpx9TSx3aAcV9JknW7TrB5iQF9: [
    c('去年买的扫地机最近老是提示主刷缠绕'),
    s('孙姐好，主刷可以拆下来清理头发，我发您一个 30 秒的视频'),
    c('清了还是提示，是不是该换了？'),
    s('用了一年多建议换主刷和边刷，老客户配件包打八折，我帮您下单'),
    c('好呀，另外新款的扫拖一体有活动吗'),
  ],
  // 周杰
  wmgDQI5Vg0a9qRghiJ9aYnBVzp35kFo8: [
    s('周先生，上周看的样板间全屋智能方案整理好了'),
    c('别墅三层，灯光、窗帘、地暖都想接进来'),
    s('可以，三层用一个主网关加两个子网关，手机和墙面屏都能控制'),
    c('报价大概多少？装修公司说要预留线管'),
    s('明天给您出详细报价，预留线管的清单我先发给装修公司'),
  ],
  // 吴敏
  wmmUdwG0UfJrorC3UyOkR6MuT19tHg6c: [
    c('我们设计师这个月推荐的三个客户都要全屋智能'),
    s('感谢吴总监！渠道返点按上次合同，本月底统一结算'),
    c('客户想先看效果，样板间周末能预约吗'),
    s('周六下午两点可以，我让同事在样板间等您和客户'),
  ],
  // 郑浩然
  wm8Y29g6ZoGhRBr3FeLTcgMp79cOUFIZ: [
    c('租的房子能装智能锁吗？退租时要恢复原样'),
    s('可以的，我们有免开孔的 C1 款，直接替换原来的锁体'),
    c('价格多少？抖音上看到 899'),
    s('活动价 899 含安装，退租时师傅可以帮您换回原锁'),
  ],
  // 王秀英
  wmPzhaRv3b59REqcBI8IYWFhfByCrTZH: [
    c('小张，我是孙丽介绍来的，想给爸妈家装灯'),
    s('王阿姨好！老人家里建议装感应夜灯和语音开关，晚上起夜安全'),
    c('他们不会用手机，能直接说话控制吗'),
    s('能的，说「打开客厅灯」就行，报价单我已经发您了'),
    c('好，我周末带他们去店里看看'),
  ],
  // 冯志强
  wml5jbXKgds4AmNsNsi6Xiirkq7Ae3mg: [
    c('酒店 200 间客房的门锁，样锁测试通过了'),
    s('太好了冯经理！批量替换可以分楼层施工，不影响营业'),
    c('要和我们的 PMS 系统对接发卡'),
    s('我们的酒店版支持主流 PMS，技术同事明天来现场对接'),
    c('合同这周走流程，安装排期你们先出一版'),
  ],
  // 何雨桐
  wmzkHoGilulc5YbhrAhcx2IrqOtc0bn1: [
    c('看了你们直播，扫地机器人现在下单有赠品吗'),
    s('雨桐你好，直播间下单送一年耗材包，还能以旧换新'),
    c('家里有猫，猫毛多会不会堵'),
    s('这款有防缠绕滚刷，养宠家庭用得很多，我发几个买家实拍给你'),
  ],
  // 林子涵
  wm73forC0ai4i5CL19lbwmOuO44ffyjJ: [
    c('展会上扫码加的，想了解一下智能家居入门'),
    s('你好！入门可以从智能灯泡和智能插座开始，一两百元就能体验'),
    c('宿舍能用吗？'),
    s('可以，插上就能用，手机 App 定时开关，不用改线路'),
  ],
  // 马国庆
  wmq1ZTA6uLI4wczMtRbuFVudYbAlHeoF: [
    c('门锁电池仓修好了，谢谢师傅'),
    s('马师傅客气了！电池建议每半年检查一次，低电量锁会提醒'),
    c('顺便问下，客厅灯能改成智能的吗'),
    s('可以，换智能开关面板就行，不用换灯，我让同事给您报个价'),
  ],
  // 许静
  wmloTdxy6SuHf6AfyP0sKyTjPQe02yhf: [
    c('办公室照明改造，想做按工位自动调光'),
    s('许主管好，可以用人体感应加照度传感器，无人时自动调暗'),
    c('大概能省多少电？'),
    s('同类办公室改造后照明用电省 40% 左右，我把案例发您'),
    c('好，下周约个时间来现场看看'),
  ],
}

const g = (from: 'customer' | 'staff', name: string, text: string): DemoChatLine => ({ from, name, text })

/** One conversation per demo customer group (chat_id → lines, oldest first); names as shown in the group. */
export const demoGroupChats: Readonly<Record<string, readonly DemoChatLine[]>> = {
  [demoGroupIds.lockVip]: [
    g('customer', '晓雯', '请问门锁提示「电量低」，一般还能用多久？'),
    g('staff', '王芳', '提示后还能开 200 次左右，建议这周换上 8 节 5 号碱性电池'),
    g('customer', '恒泰-冯志强', '酒店那批锁也是同样的电池吗'),
    g('staff', '张伟', '冯经理，酒店版用锂电池包，我们的师傅会定期上门更换'),
    g('customer', '马国庆', '收到，谢谢'),
  ],
  [demoGroupIds.showroom]: [
    g('staff', '李娜', '本周六样板间开放，想来体验全屋智能的请接龙～'),
    g('customer', '周杰', '1. 周杰 2 人 下午两点'),
    g('customer', '孙丽-滨江', '2. 孙丽 带爸妈 上午十点'),
    g('staff', '张伟', '收到，到店有扫地机器人和智能窗帘的现场演示'),
  ],
  [demoGroupIds.owners]: [
    g('customer', '许静', '智能开关面板能单独买吗？'),
    g('staff', '刘洋', '可以的，单火和零火版都有，下单前告诉我们家里的线路'),
    g('customer', '何雨桐', '扫地机 App 更新后地图不见了'),
    g('staff', '王芳', '在 App「地图管理」里点恢复就能找回，不行的话我远程帮您看看'),
    g('customer', '林子涵', '学到了👍'),
  ],
}
