// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { Send } from '../../../contracts/sends.js'
import { byShownTime, shownTime } from './recent-time.js'

const now = Date.parse('2026-12-02T10:00:00Z')
const send = (id: string, status: Send['status'], createdAt: string, scheduleAt: string | null = null): Send => ({
  id,
  channel: scheduleAt ? 'rpa' : 'chat',
  status,
  taskId: null,
  contact: { externalUserId: 'wm1' },
  group: null,
  content: [{ type: 'text', text: id }],
  scheduleAt,
  createdAt,
  updatedAt: createdAt,
  error: null,
})

describe('recent sends in the order of the time they show', () => {
  it('labels which time is shown', () => {
    expect(shownTime(send('a', 'scheduled', '2026-12-02T09:00:00Z', '2026-12-02T12:00:00Z'), now)).toEqual({
      at: '2026-12-02T12:00:00Z',
      kind: 'upcoming',
    })
    expect(shownTime(send('b', 'cancelled', '2026-12-02T09:00:00Z', '2026-12-02T12:00:00Z'), now).kind).toBe('planned')
    expect(shownTime(send('c', 'sent', '2026-12-02T09:30:00Z'), now)).toEqual({ at: '2026-12-02T09:30:00Z', kind: 'sent' })
    expect(shownTime(send('d', 'failed', '2026-12-02T09:30:00Z'), now).kind).toBe('started')
  })

  it('a send scheduled earlier but going out later sorts above a send made after it', () => {
    const items = [
      send('made-last', 'sent', '2026-12-02T09:50:00Z'),
      send('scheduled-tomorrow', 'scheduled', '2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z'),
      send('scheduled-soon', 'scheduled', '2026-12-02T09:40:00Z', '2026-12-02T10:30:00Z'),
      send('went-out-at-9:45', 'submitted', '2026-12-02T08:00:00Z', '2026-12-02T09:45:00Z'),
    ]
    expect(byShownTime(items, now).map((s) => s.id)).toEqual(['scheduled-tomorrow', 'scheduled-soon', 'made-last', 'went-out-at-9:45'])
  })
})
