import { describe, expect, it } from 'vitest'
import { DirectoryService } from './directory.js'

function fakeWecom(names: Record<string, string | null>, departments = new Map<number, string | null>([[2, '销售部']])) {
  const calls = { staff: [] as string[], departments: 0 }
  const pending: (() => void)[] = []
  let failNext = false
  const wecom = {
    staffName: (id: string) => {
      calls.staff.push(id)
      const fail = failNext
      failNext = false
      // Answers only when released, so concurrent callers overlap for real.
      return new Promise<string | null>((resolve, reject) =>
        pending.push(() => (fail ? reject(new Error('busy')) : resolve(names[id] ?? null))),
      )
    },
    departmentNames: async () => {
      calls.departments++
      return departments
    },
  }
  const release = async () => {
    await Promise.resolve()
    while (pending.length) pending.shift()!()
  }
  return { wecom, calls, release, failOnce: () => (failNext = true) }
}

describe('DirectoryService', () => {
  it('asks WeCom once per staff member: concurrent callers share the fetch, later callers the cached name', async () => {
    const f = fakeWecom({ zhangwei: '张伟', lina: '李娜' })
    let now = 0
    const d = new DirectoryService(f.wecom, () => now)
    const answers = Promise.all([
      d.names({ staff: ['zhangwei', 'lina'] }),
      d.names({ staff: ['zhangwei'] }),
      d.names({ staff: ['lina', 'lina'] }),
    ])
    await f.release()
    expect(await answers).toEqual([
      { staff: { zhangwei: '张伟', lina: '李娜' }, departments: {} },
      { staff: { zhangwei: '张伟' }, departments: {} },
      { staff: { lina: '李娜' }, departments: {} },
    ])
    expect(f.calls.staff.sort()).toEqual(['lina', 'zhangwei'])
    now += 30 * 60_000
    expect((await d.names({ staff: ['zhangwei'] })).staff.zhangwei).toBe('张伟')
    expect(f.calls.staff).toHaveLength(2)
    // After an hour the name is asked for again.
    now += 31 * 60_000
    const later = d.names({ staff: ['zhangwei'] })
    await f.release()
    await later
    expect(f.calls.staff).toHaveLength(3)
  })

  it('answers null for a withheld name or a failed call, and does not keep the failure', async () => {
    const f = fakeWecom({ zhangwei: '张伟', hidden: null })
    const d = new DirectoryService(f.wecom, () => 0)
    f.failOnce()
    const first = d.names({ staff: ['zhangwei', 'hidden'] })
    await f.release()
    expect(await first).toEqual({ staff: { zhangwei: null, hidden: null }, departments: {} })
    const second = d.names({ staff: ['zhangwei'] })
    await f.release()
    expect((await second).staff.zhangwei).toBe('张伟')
  })

  it('names departments from one cached department list, null for one it does not name', async () => {
    const f = fakeWecom({})
    const d = new DirectoryService(f.wecom, () => 0)
    expect(await d.names({ departments: [2, 7] })).toEqual({ staff: {}, departments: { '2': '销售部', '7': null } })
    await d.names({ departments: [2] })
    expect(f.calls.departments).toBe(1)
    await d.names({ staff: [] })
    expect(f.calls.departments).toBe(1)
  })
})
