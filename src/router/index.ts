import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
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
  { path: '/setup', name: 'setup', meta: { page: 'setup' }, component: () => import('../views/SetupView.vue') },
  // Desktop pages for admins, in any browser; not part of the sidebar's first load.
  {
    path: '/admin',
    meta: { page: 'admin' },
    component: withMessages(['admin', 'content'], () => import('../views/admin/AdminLayout.vue')),
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

export function createAppRouter(history = createWebHistory()) {
  return createRouter({ history, routes })
}
