import { useEffect, useState } from "react";

/**
 * Form state initialised from loader data, reset only when the data's CONTENT changes (a save, another
 * tab's change) — not on every revalidation, which hands back equal data in a new object (live progress
 * polling, a fetcher's action) and would otherwise wipe what the merchant is typing.
 */
export function useFormState<T>(initial: T): [T, React.Dispatch<React.SetStateAction<T>>, boolean] {
  const key = JSON.stringify(initial);
  const [state, setState] = useState<T>(initial);
  const [base, setBase] = useState(key);
  useEffect(() => {
    if (key !== base) {
      setBase(key);
      setState(JSON.parse(key) as T);
    }
  }, [key, base]);
  const dirty = JSON.stringify(state) !== key;
  return [state, setState, dirty];
}
