import { ValidationPipe } from '@nestjs/common';
import { FormInvalidException } from './form-invalid.exception';

const pipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => FormInvalidException.fromValidation(errors),
});

/** The global pipe's rules, for a handler that must answer a bad form itself. */
export function globalValidationPipe(): ValidationPipe {
  return pipe;
}

export async function validateForm<T extends object>(dto: new () => T, body: unknown): Promise<T> {
  return pipe.transform(body, { type: 'body', metatype: dto }) as Promise<T>;
}
