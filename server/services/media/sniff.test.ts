import { describe, expect, it } from 'vitest'
import { FILE_ONLY_FORMATS, formatsText, LIBRARY_FORMATS, MEDIA_FORMATS } from '../../../contracts/content.js'
import { MaterialFileStore } from '../material-files.js'
import { NAMES_FOR } from './sniff.js'

describe('what the library takes is the contract’s one list', () => {
  it('the names the byte check accepts are exactly the contract’s formats', () => {
    expect(Object.values(NAMES_FOR).flat().sort()).toEqual([...LIBRARY_FORMATS].sort())
  })

  it('a refusal of unknown bytes names that same list, as the admin form’s hint does', async () => {
    // No database is reached: the bytes are refused before anything is stored.
    const files = new MaterialFileStore({ db: null as never })
    const refusal = await files.save(Buffer.from('a,b\n1,2\n'), '名单.csv', 'zhangwei').catch((e: Error) => e)
    expect(refusal).toMatchObject({ code: 'FILE_TYPE_UNKNOWN' })
    const message = (refusal as Error).message
    for (const list of [MEDIA_FORMATS.image, MEDIA_FORMATS.video, FILE_ONLY_FORMATS]) expect(message).toContain(formatsText(list))
  })
})
