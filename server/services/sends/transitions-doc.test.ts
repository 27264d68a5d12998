import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SEND_TRANSITIONS, type SendTransition } from './state.js'

// docs/architecture.md prints the send's transitions for people; the code holds them for the machine. This test
// reads the section's table so the two cannot drift apart.

const DOC = new URL('../../../docs/architecture.md', import.meta.url)

/** The Markdown table of the `## The send's life` section, as rows of trimmed cells without backticks. */
function transitionTable(markdown: string): string[][] {
  const start = markdown.indexOf("\n## The send's life\n")
  if (start < 0) throw new Error('docs/architecture.md has no section "## The send\'s life"')
  const after = markdown.slice(start + 1)
  const next = after.indexOf('\n## ')
  const section = next < 0 ? after : after.slice(0, next)
  return section
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/`/g, '')),
    )
}

describe("docs/architecture.md, The send's life", () => {
  it('prints exactly the transitions of SEND_TRANSITIONS, in order', () => {
    const [header, separator, ...rows] = transitionTable(readFileSync(DOC, 'utf8'))
    expect(header).toEqual(['from', 'to', 'when'])
    expect(separator!.every((cell) => /^:?-{3,}:?$/.test(cell))).toBe(true)
    const documented: SendTransition[] = rows.map(([from, to, when]) => ({
      from: from === '(new)' ? null : (from as SendTransition['from']),
      to: to as SendTransition['to'],
      when: when!,
    }))
    expect(documented).toEqual(SEND_TRANSITIONS)
  })
})
