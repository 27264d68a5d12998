import type { Db } from '../store/db.js'
import { campaigns, contactLinks } from '../store/schema.js'
import type { AppConfig } from '../config.js'
import { demoCampaignIds, demoStaff, demoYoumiLinks } from '../sim/demo-data.js'

/**
 * Fills what a demo needs and the simulator cannot hold: the customers' Youmi identities and the tracked campaigns.
 * Rows already there are left alone, so what someone changed in a demo survives a restart.
 */
export async function seedDemoData(db: Db, config: AppConfig, now: Date): Promise<void> {
  if (config.vendors.wecom.simulated && config.vendors.youmi.simulated) {
    await db
      .insert(contactLinks)
      .values(demoYoumiLinks.map((l) => ({ externalUserId: l.externalUserId, ...l.youmi, updatedAt: now })))
      .onConflictDoNothing()
  }
  if (config.vendors.wshoto.simulated) {
    const admin = demoStaff.find((s) => s.isAdmin)?.userId ?? 'demo'
    await db
      .insert(campaigns)
      .values(demoCampaignIds.map((c, i) => ({ taskId: c.taskId, name: c.name, addedBy: admin, createdAt: new Date(now.getTime() + i) })))
      .onConflictDoNothing()
  }
}
