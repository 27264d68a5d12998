/**
 * WeCom's own browser, on the desktop and the phone: its user agent carries `wxwork/x.y.z` (the JS-SDK's own test).
 * One rule for the sidebar's placement (src/host/detect.ts) and the proxy's choice of sign-in page.
 */
export const inWecomClient = (userAgent: string): boolean => /wxwork\/[\d.]+/i.test(userAgent)
