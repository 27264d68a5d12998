import type { Names } from '../../contracts/people.js'
import type { WecomClient } from '../upstream/wecom/client.js'

/** Names change rarely; an hour keeps WeCom calls to a few per staff member a day. */
const CACHE_MS = 60 * 60_000
const CACHE_MAX = 5_000

type Entry<T> = { at: number; answer: Promise<T> }

/**
 * Staff and department names from WeCom (user/get, department/list), for answers that would otherwise show ids.
 * One cached answer per staff member and one for the department list; concurrent callers share one fetch, and a
 * failure is not kept. A name WeCom withholds, or one it could not give just now, is null: the sidebar then shows
 * WeCom's open-data element inside WeCom and the id elsewhere — a name is never worth failing a page for.
 */
export class DirectoryService {
  private readonly staff = new Map<string, Entry<string | null>>()
  private departments: Entry<Map<number, string | null>> | null = null

  constructor(
    private readonly wecom: Pick<WecomClient, 'staffName' | 'departmentNames'>,
    private readonly now: () => number,
  ) {}

  async names(ids: { staff?: Iterable<string>; departments?: Iterable<number> }): Promise<Names> {
    const staffIds = [...new Set(ids.staff ?? [])].filter(Boolean)
    const departmentIds = [...new Set(ids.departments ?? [])]
    const [staffNames, departmentNames] = await Promise.all([
      Promise.all(staffIds.map((id) => this.staffName(id).catch(() => null))),
      departmentIds.length ? this.departmentList().catch(() => new Map<number, string | null>()) : new Map<number, string | null>(),
    ])
    return {
      staff: Object.fromEntries(staffIds.map((id, i) => [id, staffNames[i] ?? null])),
      departments: Object.fromEntries(departmentIds.map((id) => [String(id), departmentNames.get(id) ?? null])),
    }
  }

  staffName(userId: string): Promise<string | null> {
    const now = this.now()
    const hit = this.staff.get(userId)
    if (hit && now - hit.at < CACHE_MS) return hit.answer
    if (this.staff.size >= CACHE_MAX) this.staff.clear()
    const answer = this.wecom.staffName(userId)
    this.staff.set(userId, { at: now, answer })
    // A failure must not be served from the cache to the next caller.
    answer.catch(() => this.staff.get(userId)?.answer === answer && this.staff.delete(userId))
    return answer
  }

  private departmentList(): Promise<Map<number, string | null>> {
    const now = this.now()
    if (this.departments && now - this.departments.at < CACHE_MS) return this.departments.answer
    const answer = this.wecom.departmentNames()
    const entry = { at: now, answer }
    this.departments = entry
    answer.catch(() => {
      if (this.departments === entry) this.departments = null
    })
    return answer
  }
}
