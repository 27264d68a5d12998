/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

// axios's own modules, imported one by one (src/api/http.ts); typed with the package's public types.
declare module 'axios/unsafe/core/Axios.js' {
  import type { Axios } from 'axios'
  const AxiosClass: typeof Axios
  export default AxiosClass
}
declare module 'axios/unsafe/core/mergeConfig.js' {
  import type { AxiosRequestConfig } from 'axios'
  export default function mergeConfig(a: AxiosRequestConfig, b: AxiosRequestConfig): AxiosRequestConfig
}
declare module 'axios/unsafe/defaults/index.js' {
  import type { AxiosRequestConfig } from 'axios'
  const defaults: AxiosRequestConfig
  export default defaults
}
/** package.json's version, written in by vite.config.ts (`define`); absent in unit tests. */
declare const __APP_VERSION__: string | undefined
