# Warnings for code we own. Third-party headers come in as SYSTEM includes.
function(mote_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()

# A portable component must also build for the microcontroller: no exceptions,
# no RTTI. On the host we still check that it compiles that way.
function(mote_portable target)
  target_compile_options(${target} PRIVATE -fno-exceptions -fno-rtti)
endfunction()
