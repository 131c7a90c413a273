// Stylesheets imported by browser code arrive as minified text (see web/build.mjs).
declare module '*.css' {
  const css: string;
  export default css;
}
