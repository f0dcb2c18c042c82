import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Opens a route to guests; every other route needs a signed-in member (STYLE rule 3). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
