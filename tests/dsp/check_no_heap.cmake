# cmake -DNM=<arm-none-eabi-nm> -DOBJECTS="a.o;b.o" -P check_no_heap.cmake
# Fails when a cross-compiled DSP object needs the heap, exceptions, RTTI or
# stdio: the firmware links none of them for the DSP.
set(forbidden "malloc|calloc|realloc|free|_Znw|_Zna|_ZdlPv|_ZdaPv|__cxa_|_ZTI|printf|puts|fopen|_ZSt4cout|__gxx_personality")
foreach(obj ${OBJECTS})
  if(NOT EXISTS ${obj})
    message(FATAL_ERROR "missing cross-compiled object ${obj} (did the compile tests run?)")
  endif()
  execute_process(COMMAND ${NM} -u ${obj} OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${obj}")
  endif()
  string(REGEX MATCHALL "[^\n]*(${forbidden})[^\n]*" bad "${undefined}")
  if(bad)
    message(FATAL_ERROR "${obj} needs forbidden symbols (heap/exceptions/RTTI/stdio): ${bad}")
  endif()
endforeach()
message(STATUS "no heap, exception, RTTI or stdio symbols in ${OBJECTS}")
