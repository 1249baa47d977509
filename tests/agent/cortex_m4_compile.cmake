# Compiles the portable protocol + agent sources for the Cortex-M4F exactly
# as the firmware does (C++17, no exceptions, no RTTI, warnings as errors).
# Invoked by ctest: cmake -DCXX=... -DNM=... -DSOURCES=a;b -DINCLUDES=x;y -DFLATBUFFERS_INCLUDE=... -DOUT=... -P
file(MAKE_DIRECTORY ${OUT}/fbinc)
# Only the flatbuffers headers, not the whole host /usr/include.
if(NOT EXISTS ${OUT}/fbinc/flatbuffers)
  file(CREATE_LINK ${FLATBUFFERS_INCLUDE}/flatbuffers ${OUT}/fbinc/flatbuffers SYMBOLIC)
endif()
set(include_flags)
foreach(dir ${INCLUDES})
  list(APPEND include_flags -I${dir})
endforeach()
foreach(src ${SOURCES})
  get_filename_component(name ${src} NAME_WE)
  execute_process(
    COMMAND ${CXX} -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
            -std=c++17 -fno-exceptions -fno-rtti -Os -Wall -Wextra -Wpedantic -Werror
            ${include_flags} -isystem ${OUT}/fbinc -c ${src} -o ${OUT}/${name}.o
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "arm-none-eabi-g++ failed on ${src} (is libstdc++-arm-none-eabi-newlib installed? see scripts/install-deps.sh):\n${err}")
  endif()
  # No C heap, no exceptions, no RTTI: the object must not reference them.
  # (operator new[] may appear: flatbuffers' DefaultAllocator fallback is
  # compiled in but unreachable, since the agent always passes its arena;
  # agent_no_heap_test proves no allocation happens at run time.)
  execute_process(COMMAND ${NM} -u ${OUT}/${name}.o OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${name}.o")
  endif()
  string(REGEX MATCHALL "(malloc|calloc|realloc|__cxa_throw|__cxa_allocate_exception|_ZTI[A-Za-z0-9_]*)" forbidden "${undefined}")
  if(forbidden)
    message(FATAL_ERROR "${src} references C heap/exception/RTTI symbols: ${forbidden}")
  endif()
  message(STATUS "cortex-m4: ${name}.o ok (no malloc, exception or RTTI references)")
endforeach()
