// Shown on an error screen instead of 重试 when trying again cannot change the answer (src/errors.ts insteadOfRetry).
// Fetched with the error screen's picture and buttons (StateMessage.vue), not part of the first load.
export const recovery = {
  signIn: '重试不会有不同结果：请关闭侧边栏后重新打开，重新登录。',
  forbidden: '重试不会有不同结果：如果你应该能打开这里，请点「复制错误信息」发给管理员。',
  notFound: '重试不会有不同结果：它可能已被删除或移走，请返回后重新选择。',
  change: '重试不会有不同结果：请按上面的说明处理。',
}
