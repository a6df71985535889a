//! The words of the catalogue: why each construct allocates, and how to avoid it.
//!
//! Several entries share a message, so they are named once here and the data files refer to
//! them.

// Reasons.
pub(super) const NEW_STRING: &str = "builds a new `String` on the heap";
pub(super) const NEW_VEC: &str = "allocates a new `Vec` for its elements";
pub(super) const INTO_BOX: &str = "moves the value into a new heap allocation";
pub(super) const PIN_BOX: &str = "pins the value in a new heap allocation";
pub(super) const RC_BOX: &str = "allocates the value together with its reference counts";
pub(super) const ARC_DEFAULT: &str = "allocates the default value with its reference counts (an empty `Arc<str>` or `Arc<[T]>` is shared)";
pub(super) const RC_CLONE: &str = "clones the value into a new allocation when it is shared";
pub(super) const COPY_STR: &str = "copies the text into a new `String`";
pub(super) const COPY_DATA: &str = "copies the data into a new heap buffer";
pub(super) const TO_OWNED: &str =
    "copies borrowed data into a new owned value (`String`, `Vec`, ...)";
pub(super) const CAPACITY: &str = "allocates room for the requested capacity up front";
pub(super) const COLLECT: &str = "collects the items into a new heap-allocated collection";
pub(super) const COLLECT_MAYBE: &str =
    "the target collection is unknown here and may live on the heap";
pub(super) const CONCAT: &str = "concatenates the pieces into a new `String` or `Vec`";
pub(super) const REPEAT: &str = "builds a new `String` or `Vec` holding the copies";
pub(super) const UTF16: &str = "decodes into a new `String`";
pub(super) const LOSSY: &str =
    "returns a `Cow` that owns a new `String` when the input is not valid UTF-8";
pub(super) const CASE: &str =
    "on `str` this builds a new `String` (on `char` it does not allocate)";
pub(super) const SPAWN: &str = "allocates the thread's handle and shared state (and its stack)";
pub(super) const SCOPE: &str = "allocates the scope's shared state";
pub(super) const CHANNEL: &str = "allocates the channel's shared state";
pub(super) const BOXED: &str = "boxes the future or stream with `Box::pin`";
pub(super) const GROW: &str =
    "grows the collection, which reallocates when its capacity is exhausted";
pub(super) const RESERVE: &str = "allocates when the requested capacity is not already available";
pub(super) const CLONE: &str =
    "deep-copies the value; heap-owning types such as `String` or `Vec` allocate";
pub(super) const INTO: &str = "conversions such as `&str` into `String` allocate";
pub(super) const COW_OWN: &str = "turns borrowed data into an owned copy";
pub(super) const SHRINK: &str = "reallocates to release spare capacity";
pub(super) const SORT: &str = "the stable sort allocates a scratch buffer for all but short slices";
pub(super) const SPLIT_OFF: &str = "moves the tail into a new allocation";
pub(super) const ENTRY: &str = "inserting into a map may grow it";
pub(super) const STDOUT: &str =
    "the standard output buffer is allocated on first use, and formatting may allocate";
pub(super) const WRITE: &str =
    "the destination grows when it is a `String` or `Vec<u8>` without spare capacity";
pub(super) const DBG: &str = "formats to standard error; `Debug` implementations may allocate";
pub(super) const BOX_DEFAULT: &str =
    "boxes the default value, which allocates unless it is zero-sized or empty";
pub(super) const GROW_EMPTY: &str =
    "grows a collection created empty without capacity, so the first element allocates";
pub(super) const REPLACE: &str = "builds a new `String` with the replacements";
pub(super) const ASCII_COPY: &str = "on `str` or `[u8]` this builds a new `String` or `Vec` (on `u8` and `char` it does not allocate)";
pub(super) const INTO_HEAP: &str = "copies the borrowed data into a new owning value";
pub(super) const PARTITION: &str = "collects the items into new heap-allocated collections";
pub(super) const LOSSY_OWNED: &str =
    "copies the text into a new `String` when it was borrowed, and it was already copied otherwise";
pub(super) const ENV: &str = "copies the environment or the command line into new owned strings";
pub(super) const SORT_CACHE_ALWAYS: &str =
    "allocates a buffer for the cached keys of every element";

// Suggestions.
pub(super) const WRITE_INTO_BUFFER: &str =
    "write into a preallocated buffer with `write!`, or use `format_args!`";
pub(super) const ARRAY: &str = "use an array or a slice, or reuse a `Vec` allocated beforehand";
pub(super) const STACK: &str =
    "keep the value on the stack, or allocate it before the no-alloc region";
pub(super) const PIN_STACK: &str = "pin on the stack with `core::pin::pin!`";
pub(super) const RC_BEFORE: &str = "allocate it before the no-alloc region and pass clones (cloning an `Rc` or `Arc` does not allocate)";
pub(super) const BORROW_STR: &str =
    "borrow it as `&str`, or `push_str` into a `String` allocated beforehand";
pub(super) const BORROW: &str = "keep borrowing it, or copy into a buffer allocated beforehand";
pub(super) const BEFORE: &str =
    "allocate it once before the no-alloc region and `clear` it for reuse";
pub(super) const CONSUME: &str = "consume the iterator directly (`for`, `fold`, `sum`), or `extend` a collection with enough capacity";
pub(super) const PIECES: &str = "write the pieces one by one into a buffer allocated beforehand";
pub(super) const ASCII_CASE: &str =
    "use `make_ascii_uppercase`/`make_ascii_lowercase` in place, or `eq_ignore_ascii_case`";
pub(super) const SETUP: &str = "do this during setup, before the no-alloc region";
pub(super) const PIN_STACK_FUTURE: &str = "pin the future on the stack with `core::pin::pin!`";
pub(super) const CAPACITY_BEFORE: &str = "reserve enough capacity before the no-alloc region";
pub(super) const CLONE_FIX: &str =
    "borrow instead, or `clone_from` into a value allocated beforehand";
pub(super) const COW_FIX: &str = "keep the `Cow` borrowed, or handle the borrowed case separately";
pub(super) const SHRINK_FIX: &str = "shrink outside the no-alloc region";
pub(super) const SORT_FIX: &str =
    "use `sort_unstable`, `sort_unstable_by` or `sort_unstable_by_key`, which sort in place";
pub(super) const PRINT_FIX: &str =
    "write to a preallocated buffer and print it outside the no-alloc region";
pub(super) const DBG_FIX: &str = "remove the `dbg!` when done debugging";
pub(super) const GROW_FIX: &str =
    "create it with enough capacity before the no-alloc region, or use an array";
pub(super) const ENV_FIX: &str = "read the environment during setup, before the no-alloc region";

// Reasons of the entries drawn from std's signatures.
pub(super) const ZEROED: &str = "allocates the memory for the value on the heap";
pub(super) const DEFAULT_CSTRING: &str = "allocates the terminating nul of the empty `CString`";
pub(super) const NEW_PATH: &str = "builds a new `PathBuf`";
pub(super) const NEW_OS_STRING: &str = "builds a new `OsString`";
pub(super) const PARSE_OWNED: &str = "copies the text into a new owned value";
pub(super) const FS_RESULT: &str = "the file system call returns its result in a new heap buffer";
pub(super) const READ_ALL: &str = "reads the whole input into a new heap buffer";
pub(super) const READ_NEXT: &str = "reads the next item into a new heap buffer";
pub(super) const READ_GROW: &str =
    "appends to the buffer, which grows when its capacity is exhausted";
pub(super) const IO_BUFFER: &str = "allocates the I/O buffer";
pub(super) const STDIO_FIRST: &str = "the standard stream's buffer is allocated on its first use";
pub(super) const PROCESS: &str =
    "builds the command's program, arguments and environment on the heap";
pub(super) const THREAD_HANDLE: &str =
    "allocates the thread's handle the first time a thread that std did not spawn asks for it";
pub(super) const CHANNEL_SEND: &str =
    "an unbounded channel allocates a new block of slots as it fills";
pub(super) const MAP_ENTRY: &str = "makes room for one more entry, which may grow the map";
pub(super) const LIST_NODE: &str = "allocates a new node for every element";
pub(super) const NODES_SPLIT: &str = "moves the tail into new tree nodes";
pub(super) const STRING_ADD: &str =
    "appends to the `String`, which reallocates when its capacity is exhausted";
pub(super) const COW_ADD: &str =
    "appends to the text, which copies borrowed text into a new `String` and grows owned text";

// Suggestions of the entries drawn from std's signatures.
pub(super) const FS_FIX: &str = "touch the file system during setup, before the no-alloc region";
pub(super) const READ_FIX: &str =
    "read during setup, or into a buffer allocated beforehand with enough capacity";
pub(super) const IO_BUFFER_FIX: &str =
    "create the buffered reader or writer before the no-alloc region and reuse it";
pub(super) const STDIO_FIX: &str = "use the stream once during setup";
pub(super) const CHANNEL_FIX: &str =
    "use a `sync_channel` (or a ring buffer) whose capacity is allocated beforehand";
pub(super) const LIST_FIX: &str = "use a `Vec` or `VecDeque` with capacity reserved beforehand";
pub(super) const STRING_ADD_FIX: &str = "`push_str` into a `String` with enough capacity";
pub(super) const BOX_ERROR: &str =
    "converts the error into a `Box<dyn Error>`, which boxes it on the heap";
pub(super) const BOX_ERROR_MAYBE: &str =
    "converts the error into a `Box<dyn Error>`, which boxes it unless it is one already";
pub(super) const BOX_ERROR_FIX: &str =
    "return a concrete error type (an enum) instead of `Box<dyn Error>`";
