(module
  (func (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
      (else (i64.mul (local.get 0) (call 0 (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "f") (param f32 f64) (result f32 f64) (local.get 0) (local.get 1))
  (func (export "rec") (call 3))
  (func (export "mv") (result i32 i64) (i32.const -7) (i64.const 123))
  (memory 1)
  ;; The load's value is never used: it must trap out of bounds all the same.
  (func (export "unused_load") (param i32) (result i32) (local i32)
    (local.set 1 (i32.load (local.get 0))) (i32.const 7)))
