// Injected into the snapshot's bundle (scripts/bundle.mjs): every free `TextDecoder` and `Intl`
// of the bundled code means these. V8 cannot put an ICU object (a decoder, a date format, a
// segmenter) into a start-up snapshot, and a module may make one as it loads (fflate's
// `new TextDecoder()`, in docx and in oasgen) or keep one in a cache (oasgen's date formats).
// While the snapshot is made, such an object is a stand-in that makes the real one on first use
// and forgets it before the heap is written; at run time these are the real constructors, as
// they were.
import { startupSnapshot } from 'node:v8'

const made = new Set()
if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.addSerializeCallback(() => made.forEach((box) => (box.real = undefined)))

function lazy(Real) {
  if (!startupSnapshot.isBuildingSnapshot()) return Real
  function Lazy(...args) {
    if (!new.target) return Real(...args)
    if (!startupSnapshot.isBuildingSnapshot()) return new Real(...args)
    const box = { real: undefined }
    made.add(box)
    const real = () => (box.real ??= new Real(...args))
    return new Proxy(Object.create(Real.prototype), {
      get(_, key) {
        const target = real()
        const value = Reflect.get(target, key, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }
  Object.setPrototypeOf(Lazy, Real)
  Lazy.prototype = Real.prototype
  return Lazy
}

const TextDecoderShim = lazy(globalThis.TextDecoder)
export { TextDecoderShim as TextDecoder }

const FORMATTERS = ['Collator', 'DateTimeFormat', 'DisplayNames', 'ListFormat', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat', 'Segmenter']
const IntlShim = Object.create(null)
for (const name of Object.getOwnPropertyNames(globalThis.Intl)) {
  const value = globalThis.Intl[name]
  IntlShim[name] = FORMATTERS.includes(name) ? lazy(value) : value
}
export { IntlShim as Intl }
