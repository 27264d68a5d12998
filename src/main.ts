import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { whenSessionExpires } from './api/http.js'
import { createAppRouter } from './router/index.js'
import { useSessionStore } from './stores/session.js'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(createAppRouter())
// A session can expire while the sidebar is open: any 401 signs in again and comes back to the same page.
whenSessionExpires(() => useSessionStore(pinia).signInAgain())
app.mount('#app')
