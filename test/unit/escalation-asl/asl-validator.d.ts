// asl-validator@4 ships no type declarations; this is its API as dist/src/validator.js implements it
// (a CommonJS `module.exports = function validator(definition, opts)`). Note: it adds a default
// `QueryLanguage` to every state of the object it is given, so pass it a copy.
declare module 'asl-validator' {
  interface StateMachineError {
    readonly 'Error code': string;
    readonly Message: string;
    readonly schemaError?: { readonly instancePath: string; readonly schemaPath: string };
  }
  interface ValidationResult {
    readonly isValid: boolean;
    readonly errors: readonly StateMachineError[];
    errorsText(separator?: string): string;
  }
  function aslValidator(
    definition: object,
    options?: { readonly checkPaths: boolean; readonly checkArn: boolean },
  ): ValidationResult;
  export = aslValidator;
}
