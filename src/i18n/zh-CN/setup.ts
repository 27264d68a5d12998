// The setup page (/setup) and its guide (/setup/guide): what an admin does, in Chinese, to put the sidebar into WeCom.
// Fetched with the page, never part of the sidebar's first load. `{host}` is the address the page was opened at; text between
// backticks is shown as code (an address, a setting, a file name to type exactly).
export const setup = {
  // The page itself (/setup), then its guide (/setup/guide).
  title: '请在企业微信的聊天侧边栏中打开',
  lead: '客户助手是企业微信聊天工具栏里的页面：它需要知道你正在和哪位客户聊天。在普通浏览器里打开时，没有聊天可以读取。',
  stepsTitle: '管理员配置步骤',
  steps: [
    '登录企业微信管理后台 → 应用管理 → 自建应用，打开本应用。',
    '在「网页授权及JS-SDK」设置可信域名为 {host}（本服务必须能以 https://{host} 打开），并把 WW_verify_*.txt 放在域名根目录。',
    '在「企业可信IP」加入本服务出口 IP。',
    '客户与上下游 → 客户联系 → 可调用接口的应用：加入本应用。',
    '聊天工具栏管理 → 配置页面：页面地址填写 {url}（企业微信要求 https://）。',
    '员工在企业微信里打开与客户的聊天，点击工具栏中的「客户助手」。',
  ],
  docs: '每一步在管理后台的位置、要填写的地址和服务的设置，见部署说明。',
  docsLink: '查看部署说明',
  httpWarning:
    '你现在是通过 http:// 打开本页的。企业微信要求 https://：请先为本服务配置 HTTPS 证书，并把 PUBLIC_URL 设为 https:// 开头的地址。',
  guide: {
    title: '部署说明',
    back: '返回',
    lead: '把客户助手接入企业微信：准备一个 https 域名并启动服务，再在企业微信管理后台完成下面的配置。下面的地址按你现在打开的域名 {host} 写好了。',
    sections: [
      {
        title: '准备 https 域名和服务',
        items: [
          '一个员工能访问的域名，并配好 HTTPS 证书：企业微信的可信域名、网页授权回调和聊天工具栏页面都要求 `https://`。',
          '设置 `PUBLIC_URL=https://{host}`：员工打开侧边栏的地址，协议、域名、端口都要一致，否则 JS-SDK 签名会失败（40093）。',
          '设置 `SESSION_SECRET`：至少 32 个字符的随机串，用来签名登录 Cookie。',
          '数据默认保存在 `DATA_DIR`（内置数据库和素材文件，请一起备份）；多实例部署时设置 `DATABASE_URL` 指向 PostgreSQL。',
        ],
      },
      {
        title: '企业微信管理后台',
        items: [
          '应用管理 → 自建 → 创建应用，把 AgentId 和 Secret 填入 `WECOM_AGENT_ID`、`WECOM_SECRET`；「我的企业 → 企业信息」底部的企业ID填入 `WECOM_CORP_ID`。',
          '应用 → 网页授权及JS-SDK → 设置可信域名：填写 `{host}`（只填域名，不带 https://）。按提示下载 `WW_verify_*.txt`，让 `https://{host}/WW_verify_*.txt` 能直接打开（放进仓库的 public/ 目录后重新构建，或由反向代理提供）。',
          '员工登录走企业微信的网页授权，回调地址是 `https://{host}/api/auth/callback`：它在可信域名之下，不需要另外填写。',
          '管理员在电脑浏览器里打开管理页（`https://{host}/admin/materials`、`/admin/status`）时用企业微信扫码登录：应用 → 企业微信授权登录 → Web网页 → 设置授权回调域，填写 `{host}`。管理页只在企业微信里打开时可以不设。',
          '应用 → 企业可信IP：加入本服务的出口 IP，否则每次调用企业微信都会失败（60020）。',
          '客户与上下游 → 客户联系 → 可调用接口的应用：加入本应用，否则读取不到客户（48002）。',
          '应用 → 聊天工具栏 → 配置页面：添加页面，页面地址填写 `https://{host}/`，单聊和群聊都选上。',
          '把管理素材库和群发活动的同事的账号填入 `ADMIN_USER_IDS`（多个用逗号分隔）。',
        ],
      },
      {
        title: '友米和微盛（按需）',
        items: [
          '友米：向厂商要 v2 接口地址、客户端凭证和租户编号，填入 `YOUMI_API_BASE`、`YOUMI_CLIENT_ID`、`YOUMI_CLIENT_SECRET`、`YOUMI_TENANT_ID`。',
          '微盛：在微盛开放平台创建应用，填入 `WSHOTO_APP_ID`、`WSHOTO_APP_SECRET`。',
          '一个厂商的设置全都不填，它就以模拟方式运行；只填一部分，服务会拒绝启动并列出缺少的设置。',
        ],
      },
      {
        title: '企客聊（按需）',
        items: [
          '企客聊后台 → 后勤 → CRM对接配置：页面地址填写 `https://{host}/api/qikeliao/enter`，后面不要加参数。',
          '把同一页面上的商户密钥填入 `QIKELIAO_KEY`，系统密钥填入 `QIKELIAO_SYSTEM_KEY`。',
        ],
      },
      {
        title: '检查',
        items: [
          '重启服务。管理员在企业微信里（或在电脑浏览器里扫码登录后）打开 `https://{host}/admin/status`（系统状态）：凭证、企业可信IP、JS-SDK 签名自检和 PUBLIC_URL 都在这里检查，出错时写明怎么办。',
          '员工打开与客户的聊天，点击工具栏里的「客户助手」。',
        ],
      },
    ],
    reference: '全部环境变量和运维说明（英文）：',
    referenceLink: 'docs/deploy.md',
  },
}
