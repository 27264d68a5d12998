import type { Db } from '../store/db.js'
import { campaigns, contactLinks } from '../store/schema.js'
import type { AppConfig } from '../config.js'
import { demoCampaignIds, demoStaff, demoYoumiLinks } from '../sim/demo-data.js'
import { seedDemoMaterials } from './materials.js'
import type { MaterialFileStore } from '../services/material-files.js'

/**
 * Fills what a demo needs and the simulator cannot hold: the customers' Youmi identities, the tracked campaigns and
 * the materials library (with `files`). Rows already there are left alone, so what someone changed in a demo survives
 * a restart.
 */
export async function seedDemoData(db: Db, config: AppConfig, now: Date, files?: MaterialFileStore): Promise<void> {
  const admin = demoStaff.find((s) => s.isAdmin)?.userId ?? 'demo'
  if (files) await seedDemoMaterials(db, files, { publicUrl: config.publicUrl, createdBy: admin, now })
  if (config.vendors.wecom.simulated && config.vendors.youmi.simulated) {
    await db
      .insert(contactLinks)
      .values(demoYoumiLinks.map((l) => ({ externalUserId: l.externalUserId, ...l.youmi, updatedAt: now })))
      .onConflictDoNothing()
  }
  if (config.vendors.wshoto.simulated) {
    await db
      .insert(campaigns)
      .values(demoCampaignIds.map((c, i) => ({ taskId: c.taskId, name: c.name, addedBy: admin, createdAt: new Date(now.getTime() + i) })))
      .onConflictDoNothing()
  }
}
