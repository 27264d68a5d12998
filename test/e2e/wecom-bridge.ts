/**
 * A stand-in for the WeCom client's `window.WeixinJSBridge`, injected before any page script so the real
 * `@wecom/jssdk` 2.4.4 runs unchanged. What the SDK does with it (read from node_modules/@wecom/jssdk/dist/wecom.js):
 *
 * - at import it reads `!!window.WeixinJSBridge`; when false it waits for a `WeixinJSBridgeReady` document event,
 *   so the bridge is defined by an init script (before the SDK loads) and the event is fired as well, for safety;
 * - `ww.register({ agentId, getAgentConfigSignature })` on a client ≥ 3.0.24 (`wxwork/4.1.20` here) invokes only
 *   `agentConfig` with `{ corpid, agentid, timestamp, nonceStr, signature, jsApiList }`; older clients first invoke
 *   `preVerifyJSAPI` (the corp `config`). Both are answered;
 * - every API call is `WeixinJSBridge.invoke(name, { ...params, appId, verifyAppId, verifySignType, verifyTimestamp,
 *   verifyNonceStr, verifySignature }, callback)`; the callback's `err_msg` (`'<name>:ok'`, `'<name>:fail …'`)
 *   decides success: any keyword other than `ok`/`yes` rejects with `{ errMsg, errCode }`;
 * - `getContext` answers `{ entry, shareTicket }`, `getCurExternalContact` `{ userId }`,
 *   `getCurExternalChat` `{ chatId }`, `sendChatMessage` nothing but `err_msg`.
 *
 * The script is plain JavaScript text (not a serialised TypeScript function), so no transpiler helper such as
 * esbuild's `__name` can leak into the page.
 */

export interface BridgeConfig {
  /** What `getContext` answers as `entry` (default `single_chat_tools`). */
  context?: string
  /** What `getCurExternalContact` answers as `userId`. */
  externalUserId?: string
  /** What `getCurExternalChat` answers as `chatId`. */
  chatId?: string
  /** `err_msg` to answer instead of success, per bridge call name, e.g. `getCurExternalContact:fail no permission`. */
  failures?: Record<string, string>
  /** Milliseconds to wait before answering, per bridge call name. */
  delays?: Record<string, number>
}

export interface BridgeCall {
  name: string
  params: Record<string, unknown>
  /** The page's URL when the call was made. */
  url: string
  at: number
}

/** The name of the binding the harness exposes so calls survive navigations (optional: the page list is enough). */
export const RECORD_BINDING = '__e2eRecordBridgeCall'

/** Defines `window.WeixinJSBridge`; reads `window.__bridgeConfig` at every call, so a test may change it in between. */
export const bridgeScript = `(function () {
  if (window.WeixinJSBridge) return;
  var calls = (window.__bridgeCalls = window.__bridgeCalls || []);
  function config() { return window.__bridgeConfig || {}; }
  function answer(name) {
    var c = config();
    var failure = c.failures && c.failures[name];
    if (failure) return { err_msg: failure };
    switch (name) {
      case 'agentConfig':
      case 'preVerifyJSAPI':
      case 'config':
        return { err_msg: name + ':ok' };
      case 'getContext':
        return { err_msg: 'getContext:ok', entry: c.context || 'single_chat_tools', shareTicket: '' };
      case 'getCurExternalContact':
        return c.externalUserId
          ? { err_msg: 'getCurExternalContact:ok', userId: c.externalUserId }
          : { err_msg: 'getCurExternalContact:fail without context of external contact' };
      case 'getCurExternalChat':
        return c.chatId ? { err_msg: 'getCurExternalChat:ok', chatId: c.chatId } : { err_msg: 'getCurExternalChat:fail without context of external chat' };
      case 'sendChatMessage':
        return { err_msg: 'sendChatMessage:ok' };
      default:
        return { err_msg: name + ':ok' };
    }
  }
  var copy = function (value) { try { return JSON.parse(JSON.stringify(value || {})); } catch (e) { return {}; } };
  window.WeixinJSBridge = {
    invoke: function (name, params, callback) {
      var call = { name: name, params: copy(params), url: location.href, at: Date.now() };
      calls.push(call);
      try { if (typeof window.${RECORD_BINDING} === 'function') window.${RECORD_BINDING}(call); } catch (e) {}
      var delay = (config().delays || {})[name] || 0;
      setTimeout(function () { if (typeof callback === 'function') callback(answer(name)); }, delay);
    },
    on: function () {},
    call: function () {},
    log: function () {},
  };
  var ready = function () { document.dispatchEvent(new Event('WeixinJSBridgeReady')); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();`

/**
 * The per-test configuration, as another init script. A test may add a newer one later (a higher `version`): the
 * newest wins whatever order the init scripts run in, and an older one never overwrites it.
 */
export function bridgeConfigScript(config: BridgeConfig, version = 0): string {
  const value = JSON.stringify({ ...config, version })
  return `(function () { var next = ${value}; var now = window.__bridgeConfig; if (!now || (now.version || 0) <= next.version) window.__bridgeConfig = next; })();`
}

/** The bridge's verification fields the SDK appends to every call: left out when comparing payloads. */
export function withoutVerifyParams(params: Record<string, unknown>): Record<string, unknown> {
  const { appId, verifyAppId, verifySignType, verifyTimestamp, verifyNonceStr, verifySignature, ...rest } = params
  void [appId, verifyAppId, verifySignType, verifyTimestamp, verifyNonceStr, verifySignature]
  return rest
}
