import * as z from 'zod/mini'

/**
 * Names for the ids an answer carries: staff by WeCom userid, departments by id (as a string key). A null name is one
 * WeCom withholds from the app: inside WeCom the sidebar shows it with WeCom's open-data element, elsewhere the id.
 */
export const Names = z.object({
  staff: z.record(z.string(), z.nullable(z.string())),
  departments: z.record(z.string(), z.nullable(z.string())),
})
export type Names = z.infer<typeof Names>

export const NO_NAMES: Names = { staff: {}, departments: {} }
