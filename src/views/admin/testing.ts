import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import type { Material } from '../../../contracts/materials.js'

/** The admin routes as the app has them (src/router/index.ts), without the sidebar's views. */
export function adminRouter() {
  const routes: RouteRecordRaw[] = [
    { path: '/', name: 'customer', component: { template: '<div data-test="sidebar" />' } },
    {
      path: '/admin',
      meta: { page: 'admin' },
      component: () => import('./AdminLayout.vue'),
      children: [
        { path: 'materials', name: 'admin-materials', component: () => import('./AdminMaterialsView.vue') },
        { path: 'materials/new', name: 'admin-material-new', component: () => import('./AdminMaterialEditView.vue') },
        { path: 'materials/:id', name: 'admin-material-edit', component: () => import('./AdminMaterialEditView.vue'), props: true },
      ],
    },
  ]
  return createRouter({ history: createMemoryHistory(), routes })
}

let n = 0
export function material(over: Partial<Material> = {}): Material {
  n++
  return {
    id: `6f1c2a4e-8a7b-4c1d-9e2f-${String(n).padStart(12, '0')}`,
    title: `素材 ${n}`,
    folder: '',
    tags: [],
    content: { type: 'text', text: '你好' },
    createdBy: 'zhangwei',
    createdAt: '2025-11-20T10:00:00.000Z',
    updatedAt: '2025-11-20T10:00:00.000Z',
    useCount: 0,
    ...over,
  }
}
