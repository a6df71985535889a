// The body of misuse/mod_without_body.rs's `mod elsewhere;`: not a test case.
pub fn f() {}
