// Vant's own Chinese words, only those of the components this app uses (the build puts this table in place of Vant's
// full zh-CN one, ≈ 0.9 KB gzip of coupon, address and calendar words that Vant's locale module always imports:
// scripts/vant-words.ts).
// Vant asks for these: Dialog (cancel, confirm). (Pull to refresh is our own, src/components/PullRefresh.vue, with the
// app's words.) A new Vant component with words of its own (Picker, Calendar…) adds its keys here, copied from
// node_modules/vant/es/locale/lang/zh-CN.mjs. English takes Vant's full en-US table, with the English words (src/i18n/en).
export default {
  cancel: '取消',
  confirm: '确认',
}
