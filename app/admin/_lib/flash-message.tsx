import { Notice } from '../_components/notice';
import { readFlash } from './flash';

export async function FlashMessage() {
  const flash = await readFlash();
  if (!flash) return null;
  return <Notice kind={flash.kind}>{flash.message}</Notice>;
}
