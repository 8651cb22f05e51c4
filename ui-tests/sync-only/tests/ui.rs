//! flash with `default-features = false`: a sync app builds, and using a
//! feature that is off is one compile error that names it. The cases are
//! built by trybuild in a project of their own, so the workspace's other
//! members (which turn `async` and `ops` on) do not turn them on here.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("fail/*.rs");
    t.pass("pass/*.rs");
}
