import { createRouter, createWebHistory, type RouteRecordRaw, type RouterScrollBehavior } from 'vue-router'
import { withMessages } from '../i18n/index.js'
import CustomerView from '../views/CustomerView.vue'
import SidebarLayout from '../views/SidebarLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages outside the sidebar frame: they need no host. */
    page?: 'playground' | 'setup' | 'admin'
  }
}

// The customer view is the first thing staff see, so it is in the first chunk; everything else loads when opened,
// with its words (withMessages).
export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: SidebarLayout,
    children: [
      { path: '', name: 'customer', component: CustomerView },
      { path: 'campaigns', name: 'campaigns', component: withMessages(['campaigns'], () => import('../views/CampaignsView.vue')) },
      {
        path: 'campaigns/:taskId(\\d+)',
        name: 'reach',
        component: withMessages(['campaigns'], () => import('../views/ReachView.vue')),
        props: true,
      },
    ],
  },
  {
    path: '/playground',
    name: 'playground',
    meta: { page: 'playground' },
    component: withMessages(['playground', 'content'], () => import('../views/PlaygroundView.vue')),
  },
  { path: '/setup', name: 'setup', meta: { page: 'setup' }, component: withMessages(['setup'], () => import('../views/SetupView.vue')) },
  {
    path: '/setup/guide',
    name: 'setup-guide',
    meta: { page: 'setup' },
    component: withMessages(['setup'], () => import('../views/SetupGuideView.vue')),
  },
  // Desktop pages for admins, in any browser; not part of the sidebar's first load.
  {
    path: '/admin',
    meta: { page: 'admin' },
    // The header names both admin pages (adminStatus.nav), whichever opens first.
    component: withMessages(['admin', 'adminStatus', 'content'], () => import('../views/admin/AdminLayout.vue')),
    children: [
      { path: '', redirect: '/admin/materials' },
      { path: 'materials', name: 'admin-materials', component: () => import('../views/admin/AdminMaterialsView.vue') },
      {
        path: 'status',
        name: 'admin-status',
        component: withMessages(['adminStatus'], () => import('../views/admin/AdminStatusView.vue')),
      },
      { path: 'materials/new', name: 'admin-material-new', component: () => import('../views/admin/AdminMaterialEditView.vue') },
      {
        path: 'materials/:id',
        name: 'admin-material-edit',
        component: () => import('../views/admin/AdminMaterialEditView.vue'),
        props: true,
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

/**
 * Every new page opens at its top; back and forward return to where that page was left. A lazy view may still be
 * drawing its rows, so the saved position waits (briefly) until the page is tall enough to reach it.
 */
export const scrollBehavior: RouterScrollBehavior = (_to, _from, saved) => {
  if (!saved) return { top: 0 }
  const target = saved.top ?? 0
  const deadline = performance.now() + 1000
  return new Promise((resolve) => {
    const tryNow = () => {
      const reachable = document.documentElement.scrollHeight - window.innerHeight >= target
      if (reachable || performance.now() > deadline) resolve(saved)
      else requestAnimationFrame(tryNow)
    }
    requestAnimationFrame(tryNow)
  })
}

export function createAppRouter(history = createWebHistory()) {
  return createRouter({ history, routes, scrollBehavior })
}
