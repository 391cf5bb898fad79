//! The parts of std's API that the two `std`s a kata program is compiled
//! against write alike: the explorer's (`xtask/explore`, over shuttle) and
//! the recorder's (`xtask/record`, over std's own, and crossbeam's). Written
//! once here, as macros each of them expands over its own types.
//!
//! Macros, not generic types: a program's types stay the library's own
//! (`mpsc::Iter<'_, T>`, as std's), so the compiler's errors name them as the
//! learner wrote them, and each expansion is the same code each library had
//! before, so a kata program compiles and runs as fast against it. Both
//! libraries already depend on this crate, and their build keys hash it.

/// A receiver's iterators, as std's and crossbeam's: `iter`, `try_iter`,
/// `for msg in &rx` and `for msg in rx`, each recorded at the line that made
/// it (a loop's line for a loop).
///
/// Expanded in the module of `$receiver`, which has
/// `fn recv_at(&self, op: Op, location: &Location<'_>) -> Result<T, _>` (a
/// blocking receive) and `try_recv_at` (one that does not wait): a loop step
/// is `Op::Iter`, a `try_iter` step `Op::TryIter`. Defines `Iter`, `TryIter`
/// and `IntoIter` there.
#[macro_export]
macro_rules! receiver_iterators {
    ($receiver:ident) => {
        impl<T> $receiver<T> {
            #[track_caller]
            pub fn iter(&self) -> Iter<'_, T> {
                Iter {
                    rx: self,
                    location: ::std::panic::Location::caller(),
                }
            }

            #[track_caller]
            pub fn try_iter(&self) -> TryIter<'_, T> {
                TryIter {
                    rx: self,
                    location: ::std::panic::Location::caller(),
                }
            }
        }

        /// `for msg in &rx` and `rx.iter()`: at the line of the loop.
        pub struct Iter<'a, T> {
            rx: &'a $receiver<T>,
            location: &'static ::std::panic::Location<'static>,
        }

        impl<T> Iterator for Iter<'_, T> {
            type Item = T;
            fn next(&mut self) -> Option<T> {
                self.rx.recv_at($crate::Op::Iter, self.location).ok()
            }
        }

        /// `rx.try_iter()`: at the line that made it.
        pub struct TryIter<'a, T> {
            rx: &'a $receiver<T>,
            location: &'static ::std::panic::Location<'static>,
        }

        impl<T> Iterator for TryIter<'_, T> {
            type Item = T;
            fn next(&mut self) -> Option<T> {
                self.rx.try_recv_at($crate::Op::TryIter, self.location).ok()
            }
        }

        /// `for msg in rx`: at the line of the loop.
        pub struct IntoIter<T> {
            rx: $receiver<T>,
            location: &'static ::std::panic::Location<'static>,
        }

        impl<T> Iterator for IntoIter<T> {
            type Item = T;
            fn next(&mut self) -> Option<T> {
                self.rx.recv_at($crate::Op::Iter, self.location).ok()
            }
        }

        impl<'a, T> IntoIterator for &'a $receiver<T> {
            type Item = T;
            type IntoIter = Iter<'a, T>;
            #[track_caller]
            fn into_iter(self) -> Iter<'a, T> {
                self.iter()
            }
        }

        impl<T> IntoIterator for $receiver<T> {
            type Item = T;
            type IntoIter = IntoIter<T>;
            #[track_caller]
            fn into_iter(self) -> IntoIter<T> {
                IntoIter {
                    rx: self,
                    location: ::std::panic::Location::caller(),
                }
            }
        }

        impl<T> ::std::fmt::Debug for Iter<'_, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("Iter { .. }")
            }
        }

        impl<T> ::std::fmt::Debug for TryIter<'_, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("TryIter { .. }")
            }
        }

        impl<T> ::std::fmt::Debug for IntoIter<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("IntoIter { .. }")
            }
        }
    };
}

/// A Mutex made as std's are besides `new` (`Default`, `From`), printed as
/// the wrapped library's, and its guard's access to the value: `*guard`, and
/// `{}`/`{:?}` of the value itself.
///
/// Expanded in the module of `$mutex<T>`, which has a `#[track_caller]`
/// `new` and the wrapped library's Mutex as `inner`, and of `$guard<'a, T>`,
/// whose `inner` is an `Option` of the wrapped library's guard, `None` only
/// while a `Condvar` waits with it.
#[macro_export]
macro_rules! mutex_access {
    ($mutex:ident, $guard:ident) => {
        impl<T: Default> Default for $mutex<T> {
            #[track_caller]
            fn default() -> Self {
                Self::new(T::default())
            }
        }

        impl<T> From<T> for $mutex<T> {
            #[track_caller]
            fn from(value: T) -> Self {
                Self::new(value)
            }
        }

        impl<T: ?Sized + ::std::fmt::Debug> ::std::fmt::Debug for $mutex<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        impl<T: ?Sized> ::std::ops::Deref for $guard<'_, T> {
            type Target = T;
            fn deref(&self) -> &T {
                self.inner
                    .as_ref()
                    .expect("a guard is only empty while it waits")
            }
        }

        impl<T: ?Sized> ::std::ops::DerefMut for $guard<'_, T> {
            fn deref_mut(&mut self) -> &mut T {
                self.inner
                    .as_mut()
                    .expect("a guard is only empty while it waits")
            }
        }

        impl<T: ?Sized + ::std::fmt::Debug> ::std::fmt::Debug for $guard<'_, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&**self, f)
            }
        }

        impl<T: ?Sized + ::std::fmt::Display> ::std::fmt::Display for $guard<'_, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&**self, f)
            }
        }
    };
}

/// `std::thread::Builder`'s settings: a name and a stack size, kept for the
/// library's own `spawn`, which the expanding module writes.
#[macro_export]
macro_rules! thread_builder {
    () => {
        /// Thread factory, as `std::thread::Builder`.
        #[derive(Debug, Default)]
        pub struct Builder {
            name: Option<String>,
            stack_size: Option<usize>,
        }

        impl Builder {
            pub fn new() -> Self {
                Self::default()
            }

            pub fn name(mut self, name: String) -> Self {
                self.name = Some(name);
                self
            }

            pub fn stack_size(mut self, size: usize) -> Self {
                self.stack_size = Some(size);
                self
            }
        }
    };
}

/// A channel end's `Clone` and `Debug`, as std's: a clone is counted as
/// another end of the channel (its `counted`, which counts itself on
/// `clone`), and `{:?}` shows the type's name alone. `clone: A, B` for the
/// ends that clone; `debug: C` for one that only prints.
#[macro_export]
macro_rules! channel_handles {
    (clone: $($end:ident),+) => {
        $(
            impl<T> Clone for $end<T> {
                fn clone(&self) -> Self {
                    Self {
                        inner: self.inner.clone(),
                        counted: self.counted.clone(),
                    }
                }
            }

            $crate::channel_handles!(debug: $end);
        )+
    };
    (debug: $($end:ident),+) => {
        $(
            impl<T> ::std::fmt::Debug for $end<T> {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(concat!(stringify!($end), " { .. }"))
                }
            }
        )+
    };
}
